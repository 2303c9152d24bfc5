package org.closedloop.controller.config;

import java.util.List;
import org.closedloop.safety.plan.StimulationPlan;

/**
 * One worst-case {@link StimulationPlan} of a protocol block, with what is needed to map the safety module's
 * violations back to the protocol's field paths.
 *
 * <p>Thread safety: immutable.
 *
 * @param blockIndex        index of the block in {@code blocks}
 * @param plan              the plan that is checked; its electrode {@code e} is
 *                          {@code montage.stimulation_electrodes[e]}
 * @param drives            for every plan electrode, the {@code {component, electrodes-index}} pairs that drive it
 * @param iafEnd            for a block with {@code track_iaf} components, which end of the range this variant uses
 *                          ({@code "min_hz"} or {@code "max_hz"}); empty otherwise
 * @param scaleNote         empty, or the scale rule whose {@code max_factor} multiplies the amplitudes, for messages
 */
record BlockPlan(int blockIndex, StimulationPlan plan, List<List<int[]>> drives, String iafEnd,
                 String scaleNote) {
}
