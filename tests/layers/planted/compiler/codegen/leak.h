/* The planted file's own header, which codegen may include. */
