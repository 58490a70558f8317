/* Stands for compiler/ast/ast.h in the planted layout. */
