// Filled by its issue; the target exists so the layers are fixed now.
import CCrypt
