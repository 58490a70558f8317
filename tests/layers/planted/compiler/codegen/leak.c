/* A codegen file that reads the AST: what check-layers.py must refuse. */
#include "leak.h"
#include "../ast/ast.h"
