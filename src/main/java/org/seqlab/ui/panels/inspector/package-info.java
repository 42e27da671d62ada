/** The inspector: the event under the cursor as a heatmap, statistics, histogram, values and its gradient. */
package org.seqlab.ui.panels.inspector;
