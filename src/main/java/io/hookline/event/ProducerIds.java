package io.hookline.event;

/**
 * What a producer's event {@code id} may be beyond its length. The id travels as the {@code webhook-id} header and is
 * signed as it is, so it must reach the receiver unchanged: header values are ASCII (other characters were sent as
 * {@code ?} or as single Latin-1 bytes, and the signature no longer matched), control characters end or corrupt the
 * header (the event was accepted and could never be sent), and HTTP parsers strip a leading or trailing space. The
 * ids {@code .} and {@code ..} would be taken as path steps by the event lookup's URL.
 */
final class ProducerIds {

    static final String RULE = "must be printable ASCII (U+0020 to U+007E), without a leading or trailing space: it is "
            + "sent as the webhook-id header";

    private ProducerIds() {}

    /** Why {@code id} cannot be an event id, or null when it can. */
    static String unusable(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return RULE;
            }
        }
        if (id.charAt(0) == ' ' || id.charAt(id.length() - 1) == ' ') {
            return RULE;
        }
        if (id.equals(".") || id.equals("..")) {
            return "must not be \".\" or \"..\": the event lookup's URL could not name it";
        }
        return null;
    }
}
