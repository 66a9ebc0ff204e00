/** The labwatch page of the Felix/Karaf web console. Private to this bundle. */
package org.labwatch.webconsole;
