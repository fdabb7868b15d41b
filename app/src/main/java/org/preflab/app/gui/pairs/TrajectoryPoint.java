package org.preflab.app.gui.pairs;

/** One pair's implicit rewards at one evaluation step. */
public record TrajectoryPoint(int step, double rewardChosen, double rewardRejected, double margin) {}
