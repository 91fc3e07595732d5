// Filled by its issue.
import PluginKit
