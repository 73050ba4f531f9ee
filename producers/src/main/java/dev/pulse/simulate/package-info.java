/**
 * Synthetic data for Pulse: {@link dev.pulse.simulate.ProvinceGenerator} builds a whole year of a
 * realistic province (Điện Biên's real districts, invented communes and branches, pseudonymous
 * members and households) as the Avro records of SPEC.md, in a delivery order carrying the
 * {@link dev.pulse.simulate.Mess} real branch systems make; {@link dev.pulse.simulate.Simulator}
 * emits it over time to a {@link dev.pulse.simulate.Sink} ({@link dev.pulse.simulate.KafkaSink},
 * {@link dev.pulse.simulate.GatewaySink}); {@link dev.pulse.simulate.SimulateCommand} is
 * {@code pulse simulate}.
 */
package dev.pulse.simulate;
