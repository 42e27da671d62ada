/** The debugger bar and trace list: moves the cursor of a {@link org.seqlab.debug.DebugSession}, breakpoints, watches. */
package org.seqlab.ui.panels.debugger;
