package io.hookline.delivery;

import java.util.List;

/** Deliveries for one delivery partition, sent by fan-out in one event-bus message. */
public record DeliveryBatch(List<Delivery> deliveries) {}
