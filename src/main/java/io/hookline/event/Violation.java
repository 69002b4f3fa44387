package io.hookline.event;

/** One broken rule of an input document: the JSON path of the field and a sentence saying what is wrong. */
public record Violation(String field, String message) {}
