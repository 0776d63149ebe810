package org.traumaflow.pipeline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void dofnInstancesOfOneWorkerShareOneLoadAndTheNextRunInTheJvmFindsItStillLoaded() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    Resource loaded = new Resource();
    WorkerShared.Loader<Resource> loader = () -> {
      loads.incrementAndGet();
      return loaded;
    };
    WorkerShared.Handle<Resource> first = WorkerShared.acquire("net:a#1", loader);
    WorkerShared.Handle<Resource> second = WorkerShared.acquire("net:a#1", loader);
    assertEquals(1, loads.get());
    assertSame(first.get(), second.get());
    assertEquals(2, WorkerShared.users("net:a#1"));
    first.close();
    first.close();
    assertEquals(1, WorkerShared.users("net:a#1"), "a handle released twice counts once");
    second.close();
    assertEquals(0, loaded.closes.get(), "kept, idle, when the run's last DoFn is torn down");
    assertThrows(IllegalStateException.class, first::get);

    try (WorkerShared.Handle<Resource> nextPass = WorkerShared.acquire("net:a#1", loader)) {
      assertEquals(1, loads.get(), "the next pass's DoFns find the network loaded");
      assertSame(loaded, nextPass.get());
    }
  }

  @Test
  void anIdleNetworkIsClosedWhenAnotherCheckpointOfItsKindLoadsAndOtherKindsStay() throws Exception {
    Resource old = new Resource();
    Resource otherKind = new Resource();
    WorkerShared.acquire("seg:x#1", () -> old).close();
    WorkerShared.acquire("member:y#1", () -> otherKind).close();

    Resource replaced = new Resource();
    try (WorkerShared.Handle<Resource> retrained = WorkerShared.acquire("seg:x#2", () -> replaced)) {
      assertEquals(1, old.closes.get(), "the same checkpoint with new content replaces the idle one");
      assertFalse(WorkerShared.loaded("seg:x#1"));
      assertSame(replaced, retrained.get());
      assertTrue(WorkerShared.loaded("member:y#1"), "a network of another kind stays loaded");
      assertEquals(0, otherKind.closes.get());

      Resource inUseToo = new Resource();
      try (WorkerShared.Handle<Resource> second = WorkerShared.acquire("seg:z#1", () -> inUseToo)) {
        assertEquals(0, replaced.closes.get(), "a network in use is never closed under its users");
      }
    }
  }

  @Test
  void differentCheckpointsAreDifferentResourcesAndAFailedLoadLeavesNothingBehind() throws Exception {
    try (WorkerShared.Handle<Resource> a = WorkerShared.acquire("other:b", Resource::new);
        WorkerShared.Handle<Resource> c = WorkerShared.acquire("other:c", Resource::new)) {
      assertEquals(1, WorkerShared.users("other:b"));
      assertEquals(1, WorkerShared.users("other:c"));
      assertThrows(IllegalStateException.class, () -> WorkerShared.acquire("other:d", () -> {
        throw new IllegalStateException("bad checkpoint");
      }));
      assertFalse(WorkerShared.loaded("other:d"));
    }
  }
}
