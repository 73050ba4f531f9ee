package dev.pulse.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which open transactions on a partition hang, as kafka-transactions.sh find-hanging decides it. */
class HangingTransactionsTest {

  private static final long NOW = 1_000_000;
  private static final TopicPartition VIEW = new TopicPartition("view.participation.v1", 1);
  private static final TopicPartition OTHER = new TopicPartition("view.participation.v1", 4);

  @Test
  void onlyTransactionsSilentForLongerThanTheLimitAreCandidates() {
    ProducerState old = producer(7, 3, NOW - 60_000, 90);
    ProducerState recent = producer(8, 1, NOW - 5_000, 95);
    ProducerState idle = new ProducerState(9, 0, 4, NOW - 600_000, OptionalInt.empty(), OptionalLong.empty());
    assertThat(HangingTransactions.candidates(Map.of(VIEW, List.of(old, recent, idle)), NOW, 45_000))
        .extracting(o -> o.producer().producerId()).containsExactly(7L);
  }

  @Test
  void aTransactionTheCoordinatorDoesNotKnowHangs() {
    var open = new HangingTransactions.Open(VIEW, producer(7, 3, NOW - 60_000, 90));
    assertThat(HangingTransactions.hanging(List.of(open), Map.of())).containsExactly(open);
  }

  @Test
  void aTransactionTheCoordinatorHoldsWithThePartitionDoesNotHangWhateverItsState() {
    var open = new HangingTransactions.Open(VIEW, producer(7, 3, NOW - 60_000, 90));
    for (TransactionState state : List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT,
        TransactionState.PREPARE_ABORT)) {
      assertThat(HangingTransactions.hanging(List.of(open), Map.of(7L, description(7, 3, state, Set.of(VIEW)))))
          .as(state.toString()).isEmpty();
    }
    // A transaction's end may bump the epoch once (transactions v2): still the same transaction.
    assertThat(HangingTransactions.hanging(List.of(open),
        Map.of(7L, description(7, 4, TransactionState.PREPARE_COMMIT, Set.of(VIEW))))).isEmpty();
  }

  @Test
  void aTransactionWithoutThePartitionOrOfALaterEpochHangs() {
    var open = new HangingTransactions.Open(VIEW, producer(7, 3, NOW - 60_000, 90));
    assertThat(HangingTransactions.hanging(List.of(open),
        Map.of(7L, description(7, 3, TransactionState.ONGOING, Set.of(OTHER))))).containsExactly(open);
    assertThat(HangingTransactions.hanging(List.of(open),
        Map.of(7L, description(7, 6, TransactionState.ONGOING, Set.of(VIEW))))).containsExactly(open);
    assertThat(HangingTransactions.hanging(List.of(open),
        Map.of(7L, description(7, 5, TransactionState.COMPLETE_COMMIT, Set.of())))).containsExactly(open);
  }

  private static ProducerState producer(long id, int epoch, long lastTimestamp, long startOffset) {
    return new ProducerState(id, epoch, 10, lastTimestamp, OptionalInt.of(0), OptionalLong.of(startOffset));
  }

  private static TransactionDescription description(long producerId, int epoch, TransactionState state,
      Set<TopicPartition> partitions) {
    return new TransactionDescription(1, state, producerId, epoch, 30_000, OptionalLong.of(NOW - 70_000), partitions);
  }
}
