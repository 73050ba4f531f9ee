package dev.pulse.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.contract.Period;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SPEC.md §2: once the same set of records has arrived, in any order, every view holds the same
 * numbers. Only the order of same-key unit and membership records, and of versions tied on
 * recordedAt, is kept: that is what the log decides.
 */
class BatchShuffleTest {

  @Test
  void theSameRecordsInAnotherLogOrderGiveTheSameViews() {
    History history = SyntheticProvince.generate(SyntheticProvince.Shape.small(), 7);
    BatchViews views = BatchViews.compute(history);
    assertThat(views.participation()).isNotEmpty();
    assertThat(views.poverty()).isNotEmpty();
    assertThat(views.activities()).isNotEmpty();

    Random random = new Random(42);
    for (int i = 0; i < 5; i++) {
      BatchViews reordered = BatchViews.compute(Histories.shuffled(history, random));
      assertThat(reordered.participation()).isEqualTo(views.participation());
      assertThat(reordered.poverty()).isEqualTo(views.poverty());
      assertThat(reordered.activities()).isEqualTo(views.activities());
    }
  }

  @Test
  void theMapsAndTheAccessorsAgree() {
    BatchViews views = BatchViews.compute(SyntheticProvince.generate(SyntheticProvince.Shape.small(), 11));

    views.participation().forEach((key, row) ->
        assertThat(views.participation(row.getUnitId(), Period.parse(row.getPeriod()))).as(key).isEqualTo(row));
    views.activities().forEach((key, row) ->
        assertThat(views.activities(row.getUnitId(), Period.parse(row.getPeriod()))).as(key).isEqualTo(row));
    views.poverty().forEach((key, row) ->
        assertThat(views.poverty(row.getUnitId(), row.getYear())).as(key).isEqualTo(row));
  }

  @Test
  void aDistinctCountAboveIsNeverMoreThanTheSumOfTheUnitsBelowNorLessThanTheLargest() {
    History history = SyntheticProvince.generate(SyntheticProvince.Shape.small(), 13);
    BatchViews views = BatchViews.compute(history);
    Period year = Period.parse("2023");
    long sum = 0;
    long largest = 0;
    for (String district : new String[] {"DB-01", "DB-02"}) {
      long eligible = views.participation(district, year).getEligible();
      sum += eligible;
      largest = Math.max(largest, eligible);
    }
    long province = views.participation("DB", year).getEligible();
    assertThat(province).isBetween(largest, sum);
    assertThat(views.participation("LOOP-A", year).getEligible()).isZero();
    assertThat(views.participation("LOOP-BR", year).getEligible()).isPositive();
  }
}
