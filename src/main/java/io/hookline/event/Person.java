package io.hookline.event;

/** A sender, recipient, caller or reactor. Either field may be null. */
public record Person(String fullName, String phone) {}
