package org.closedloop.controller.cli;

import org.closedloop.controller.acquisition.AcquisitionException;
import org.closedloop.controller.acquisition.AcquisitionListener;
import org.tinylog.Logger;

/** Logs link events once each, at a level a researcher wants to see. Thread safety: stateless. */
final class LoggingAcquisitionListener implements AcquisitionListener {
    @Override
    public void onConnected(String port, String banner) {
        String firstLine = banner.lines().findFirst().orElse("").trim();
        Logger.info("connected to {}: {}{}", port, firstLine,
                banner.contains("SYNTHETIC") ? " (simulator: SYNTHETIC DATA)" : "");
    }

    @Override
    public void onLoss(long samples, long totalLost) {
        Logger.warn("lost {} samples on the link (total {})", samples, totalLost);
    }

    @Override
    public void onStall(long silentMs) {
        Logger.warn("acquisition stalled: nothing received for {} ms", silentMs);
    }

    @Override
    public void onStallEnded(long silentMs) {
        Logger.info("acquisition resumed after {} ms of silence", silentMs);
    }

    @Override
    public void onDisconnected(String port, String reason) {
        Logger.error("lost the board on {}: {}; reconnecting", port, reason);
    }

    @Override
    public void onReconnectFailed(String port, AcquisitionException error, long retryInMs) {
        Logger.warn("reconnect to {} failed ({}); retrying in {} ms", port, error.reason(), retryInMs);
    }

    @Override
    public void onReconnected(String port, long gapMs, long gapSamples) {
        Logger.warn("reconnected to {} after {} ms; about {} samples were not acquired", port, gapMs, gapSamples);
    }
}
