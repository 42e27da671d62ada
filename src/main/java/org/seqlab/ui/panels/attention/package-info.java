/**
 * The attention panel: per-layer and per-head attention weights of the recording (heatmaps with token labels,
 * thumbnails, a head view), the kind of attention and its mask, the breakdown of one query's softmax, the mean
 * over heads and the rollout. Its numbers come from {@link org.seqlab.debug.AttentionMaps}.
 */
package org.seqlab.ui.panels.attention;
