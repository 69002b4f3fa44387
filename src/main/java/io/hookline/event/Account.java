package io.hookline.event;

/** The connected WhatsApp account. All fields may be null. */
public record Account(String wid, String fullName, String email, String phone) {
    public static final Account UNKNOWN = new Account(null, null, null, null);
}
