/** Hard safety limits and the interlock. */
package org.closedloop.safety;
