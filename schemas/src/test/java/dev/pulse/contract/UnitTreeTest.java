package dev.pulse.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.avro.UnitLevel;
import dev.pulse.contract.UnitTree.Node;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC.md §2: roll-ups follow the current tree. */
class UnitTreeTest {

  private final Map<String, Node> units = new HashMap<>();
  private final UnitTree tree = UnitTree.over(units::get);

  private void unit(String id, String parent, UnitLevel level) {
    units.put(id, new Node(id, parent, level));
  }

  @Test
  void aBranchRollsUpThroughItsCommuneAndDistrictToTheProvince() {
    unit("DB", null, UnitLevel.PROVINCE);
    unit("DB-03", "DB", UnitLevel.DISTRICT);
    unit("DB-03-07", "DB-03", UnitLevel.COMMUNE);
    unit("DB-03-07-02", "DB-03-07", UnitLevel.BRANCH);

    assertThat(tree.rollUp("DB-03-07-02")).containsExactly("DB-03-07-02", "DB-03-07", "DB-03", "DB");
    assertThat(tree.isBranch("DB-03-07-02")).isTrue();
    assertThat(tree.isBranch("DB-03-07")).isFalse();
  }

  @Test
  void aDeletedUnitsChildrenHaveNoAncestryAboveThemselves() {
    unit("DB", null, UnitLevel.PROVINCE);
    unit("C1", "D1", UnitLevel.COMMUNE); // D1 deleted (or not arrived yet)
    unit("B1", "C1", UnitLevel.BRANCH);

    assertThat(tree.rollUp("C1")).containsExactly("C1");
    assertThat(tree.rollUp("B1")).containsExactly("B1", "C1");
    assertThat(tree.rollUp("missing")).isEmpty();
  }

  @Test
  void aUnitWhoseAncestryLoopsBelongsToNoTreeAboveItself() {
    unit("DB", null, UnitLevel.PROVINCE);
    unit("D1", "C1", UnitLevel.DISTRICT);
    unit("C1", "D1", UnitLevel.COMMUNE);
    unit("B1", "C1", UnitLevel.BRANCH);

    assertThat(tree.rollUp("D1")).containsExactly("D1");
    assertThat(tree.rollUp("C1")).containsExactly("C1");
    assertThat(tree.rollUp("B1")).containsExactly("B1");
  }
}
