/** The labwatch server's HTTP side: whiteboard servlets. Private to this bundle. */
package org.labwatch.web;
