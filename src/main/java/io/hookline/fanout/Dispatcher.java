package io.hookline.fanout;

import io.hookline.bus.Addresses;
import io.hookline.delivery.Delivery;
import io.hookline.delivery.DeliveryBatch;
import io.hookline.delivery.DeliveryVerticle;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/** Collects deliveries per delivery partition and sends each partition its share in one event-bus message. */
final class Dispatcher {

  private final Vertx vertx;
  private final List<List<Delivery>> byPartition;

  Dispatcher(Vertx vertx, int partitions) {
    this.vertx = vertx;
    this.byPartition = new ArrayList<>(partitions);
    for (int i = 0; i < partitions; i++) {
      byPartition.add(new ArrayList<>());
    }
  }

  void add(List<Delivery> deliveries) {
    for (Delivery delivery : deliveries) {
      byPartition.get(DeliveryVerticle.partitionOf(delivery.webhook().id(), byPartition.size())).add(delivery);
    }
  }

  void send() {
    for (int i = 0; i < byPartition.size(); i++) {
      if (!byPartition.get(i).isEmpty()) {
        vertx.eventBus().send(Addresses.delivery(i), new DeliveryBatch(byPartition.get(i)));
        byPartition.set(i, new ArrayList<>());
      }
    }
  }
}
