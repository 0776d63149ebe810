package org.traumaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerSharedTest {

  /** A stand-in for a loaded network: counts how often it is closed. */
  private static final class Resource implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void dofnInstancesOfOneWorkerShareOneLoadAndTheLastOneClosesIt() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    Resource loaded = new Resource();
    WorkerShared.Loader<Resource> loader = () -> {
      loads.incrementAndGet();
      return loaded;
    };
    WorkerShared.Handle<Resource> first = WorkerShared.acquire("net-a", loader);
    WorkerShared.Handle<Resource> second = WorkerShared.acquire("net-a", loader);
    assertEquals(1, loads.get());
    assertSame(first.get(), second.get());
    assertEquals(2, WorkerShared.users("net-a"));
    first.close();
    first.close();
    assertEquals(0, loaded.closes.get(), "closed while another instance still uses it");
    second.close();
    assertEquals(1, loaded.closes.get());
    assertEquals(0, WorkerShared.users("net-a"));
    assertThrows(IllegalStateException.class, first::get);
  }

  @Test
  void differentCheckpointsAreDifferentResourcesAndAFailedLoadLeavesNothingBehind() throws Exception {
    try (WorkerShared.Handle<Resource> a = WorkerShared.acquire("net-b", Resource::new);
        WorkerShared.Handle<Resource> c = WorkerShared.acquire("net-c", Resource::new)) {
      assertEquals(1, WorkerShared.users("net-b"));
      assertEquals(1, WorkerShared.users("net-c"));
      assertThrows(IllegalStateException.class, () -> WorkerShared.acquire("net-d", () -> {
        throw new IllegalStateException("bad checkpoint");
      }));
      assertEquals(0, WorkerShared.users("net-d"));
    }
  }
}
