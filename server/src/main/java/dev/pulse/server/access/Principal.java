package dev.pulse.server.access;

/**
 * Who is calling: the token presented, the unit whose subtree it covers and what it may do there.
 * Which units lie in that subtree is the unit tree's to say ({@code dev.pulse.contract.KnownUnits}).
 */
public record Principal(String tokenId, String unitId, Role role) {

  public boolean mayRead() {
    return role.mayRead();
  }

  public boolean mayEmit() {
    return role.mayEmit();
  }

  public boolean mayAdminister() {
    return role.mayAdminister();
  }

  @Override
  public String toString() {
    return role.label() + " token " + tokenId + " of " + unitId;
  }
}
