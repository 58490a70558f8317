/* A codegen file that names a header of its own layer with ../: what check-layers.py must refuse. */
#include "../codegen/leak.h"
