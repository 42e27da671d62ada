/** The model and input bar: template, input text, seed and dtype; records a {@link org.seqlab.debug.DebugSession}. */
package org.seqlab.ui.panels.modelbar;
