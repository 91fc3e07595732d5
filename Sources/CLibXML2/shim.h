#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, and its encoding.h then includes the system <unicode/*.h>, whose enums
// clash with Foundation's bundled _FoundationICU in any module that sees both. We never touch the ICU
// converter fields of xmlCharEncodingHandler, so hide them.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/tree.h>
