package dev.pulse.streams.partitioned;

import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * How every stage of the partitioned engine builds its key-value stores: RocksDB or in memory, as
 * the options say, changelogged, and behind Kafka Streams' record cache unless the store's keys
 * are each written once.
 *
 * <p>A store whose every key is written once and seldom read again soon — a record's standing
 * version keyed by its id, an index entry — gains nothing from the cache: nothing coalesces, and
 * each key still reaches RocksDB and the changelog at the next commit. It only pays for the cache:
 * a sorted map of bytes to insert into, an eviction for every put once the cache is full, and a
 * merge with the cache at every scan. Such stores write straight through.
 */
final class StageStores {

  /** The stores whose keys are written once each (see the class comment). */
  static final Set<String> WRITTEN_ONCE = Set.of(
      PartitionedTopology.StoreNames.DEFAULT.memberAttendance(),
      PartitionedTopology.StoreNames.DEFAULT.byActivity(),
      PartitionedTopology.StoreNames.DEFAULT.byBranch(),
      PovertyStage.Names.DEFAULT.byBranch(),
      ActivitiesStage.StoreNames.DEFAULT.byUnit());

  private StageStores() {}

  /** A store of byte values. */
  static StoreBuilder<KeyValueStore<String, byte[]>> bytes(String name, PartitionedTopology.Options o) {
    return of(name, Serdes.ByteArray(), o);
  }

  /** A store of string values. */
  static StoreBuilder<KeyValueStore<String, String>> strings(String name, PartitionedTopology.Options o) {
    return of(name, Serdes.String(), o);
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> of(String name, Serde<V> values,
      PartitionedTopology.Options o) {
    KeyValueBytesStoreSupplier supplier = o.inMemoryStores()
        ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    StoreBuilder<KeyValueStore<String, V>> b = Stores.keyValueStoreBuilder(supplier, Serdes.String(), values);
    return o.caching() && !WRITTEN_ONCE.contains(name) ? b.withCachingEnabled() : b.withCachingDisabled();
  }
}
