package org.traumaflow.testing;

import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceRpc;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import com.google.cloud.storage.spi.StorageRpcFactory;

/**
 * Cloud Storage for the tests: LocalStorageHelper's in-memory service (made by the client's
 * authors), installed as the transport of every client that code builds with
 * {@code StorageOptions.getDefaultInstance()}, through the client library's own service-loader
 * seam ({@code META-INF/services/com.google.cloud.storage.spi.StorageRpcFactory} in the test
 * resources). So a command or pipeline given {@code gs://} locations runs unchanged in a test
 * JVM, which reaches no real bucket. Beam's own {@code gs://} file system does not go through
 * it (Beam talks to Cloud Storage with another client, over HTTP), so what a test puts here is
 * read by code that goes through {@code ObjectStore} and {@code LocalMirror}, as every spec,
 * label file and checkpoint option does.
 *
 * <p>Every client shares one service, which {@code LocalStorageHelper.getOptions()} empties:
 * a test puts its objects there and reads them back itself, in a bucket named after the test.
 *
 * <pre>{@code
 * ObjectStore bucket = ObjectStore.at("gs://metric-test/in", InMemoryCloudStorage.client());
 * bucket.write("train.csv", bytes);
 * CliRun.of("metric", "--truth", "gs://metric-test/in/train.csv", ...);
 * }</pre>
 */
public final class InMemoryCloudStorage implements StorageRpcFactory {
  /** For the service loader. */
  public InMemoryCloudStorage() {}

  @Override
  public ServiceRpc create(StorageOptions options) {
    return new LocalStorageHelper.FakeStorageRpcFactory().create(options);
  }

  /** A client of the shared in-memory service, for a test to put inputs there and read outputs back. */
  public static Storage client() {
    return StorageOptions.newBuilder().setProjectId("traumaflow-test").setCredentials(NoCredentials.getInstance())
        .setServiceRpcFactory(new InMemoryCloudStorage()).build().getService();
  }
}
