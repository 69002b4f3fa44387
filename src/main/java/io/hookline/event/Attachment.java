package io.hookline.event;

public record Attachment(String downloadUrl, String filename, Long size, String mimetype) {}
