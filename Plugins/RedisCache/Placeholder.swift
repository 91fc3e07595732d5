// Filled by its issue.
import CHiredis
