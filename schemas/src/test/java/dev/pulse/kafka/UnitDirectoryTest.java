package dev.pulse.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.Unit;
import dev.pulse.avro.UnitLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitDirectoryTest {

  static Unit unit(String id, String parent, UnitLevel level) {
    return new Unit(id, parent, level, id);
  }

  final UnitDirectory tree = UnitDirectory.of(List.of(
      unit("DB", null, UnitLevel.PROVINCE),
      unit("DB-01", "DB", UnitLevel.DISTRICT),
      unit("DB-02", "DB", UnitLevel.DISTRICT),
      unit("DB-01-03", "DB-01", UnitLevel.COMMUNE),
      unit("DB-01-03-B1", "DB-01-03", UnitLevel.BRANCH)));

  @Test
  void subtrees_follow_the_current_tree() {
    assertThat(tree.isInSubtree("DB-01-03-B1", "DB")).isTrue();
    assertThat(tree.isInSubtree("DB-01-03-B1", "DB-01")).isTrue();
    assertThat(tree.isInSubtree("DB-01-03-B1", "DB-02")).isFalse();
    assertThat(tree.isInSubtree("DB-01", "DB-01")).isTrue();
    assertThat(tree.children("DB")).extracting(Unit::getUnitId).containsExactly("DB-01", "DB-02");

    // The commune moves to the other district: its branch follows.
    tree.apply("DB-01-03", unit("DB-01-03", "DB-02", UnitLevel.COMMUNE));
    assertThat(tree.isInSubtree("DB-01-03-B1", "DB-02")).isTrue();
    assertThat(tree.isInSubtree("DB-01-03-B1", "DB-01")).isFalse();
    assertThat(tree.children("DB-01")).isEmpty();
    assertThat(tree.children("DB-02")).extracting(Unit::getUnitId).containsExactly("DB-01-03");
  }

  @Test
  void a_deleted_unit_leaves_its_children_without_ancestry() {
    tree.apply("DB-01", null);
    assertThat(tree.unit("DB-01")).isEmpty();
    assertThat(tree.isInSubtree("DB-01-03-B1", "DB-01-03")).isTrue();
    assertThat(tree.isInSubtree("DB-01-03-B1", "DB")).isFalse();
    assertThat(tree.ancestors("DB-01-03-B1")).containsExactly("DB-01-03");
    assertThat(tree.children("DB")).extracting(Unit::getUnitId).containsExactly("DB-02");
  }

  @Test
  void a_unit_on_a_loop_or_below_it_belongs_to_nothing_above_itself() {
    tree.apply("DB-01", unit("DB-01", "DB-01-03", UnitLevel.DISTRICT));
    assertThat(tree.isInSubtree("DB-01-03", "DB-01")).isFalse();
    assertThat(tree.isInSubtree("DB-01-03-B1", "DB-01-03")).isFalse();
    assertThat(tree.isInSubtree("DB-01-03-B1", "DB")).isFalse();
    assertThat(tree.isInSubtree("DB-01-03-B1", "DB-01-03-B1")).isTrue();
    assertThat(tree.ancestors("DB-01-03-B1")).isEmpty();
  }

  @Test
  void an_unknown_unit_is_in_no_subtree_but_its_own() {
    assertThat(tree.isInSubtree("DB-09", "DB")).isFalse();
    assertThat(tree.isInSubtree("DB-09", "DB-09")).isTrue();
  }

  @Test
  void awaiting_a_unit_returns_when_it_is_applied_and_gives_up_at_the_timeout() throws Exception {
    Thread later = new Thread(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      tree.apply("DB-03", unit("DB-03", "DB", UnitLevel.DISTRICT));
    });
    later.start();
    assertThat(tree.awaitUnit("DB-03", java.time.Duration.ofSeconds(10))).isTrue();
    assertThat(tree.unit("DB-03")).isPresent();
    later.join();
    assertThat(tree.awaitUnit("DB", java.time.Duration.ZERO)).as("already there").isTrue();
    assertThat(tree.awaitUnit("DB-09", java.time.Duration.ofMillis(100))).isFalse();
  }
}
