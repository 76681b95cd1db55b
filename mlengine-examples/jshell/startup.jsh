// mlengine's JShell start-up: the front doors, ready to use.
import java.nio.file.*;
import java.time.*;
import java.util.*;
import org.mlengine.runtime.*;
import org.mlengine.core.*;
import org.mlengine.core.tuning.*;
import org.mlengine.features.*;
import org.mlengine.eval.*;
import org.mlengine.serving.*;
import org.mlengine.examples.*;
// Both java.util and org.mlengine.features have a Calendar; here the name means the feature step.
import org.mlengine.features.Calendar;
// A JShell session is an application, so it, not the library, chooses what is logged: Tribuo's
// INFO lines on every fit are turned down (the variable holds the logger, which
// java.util.logging would otherwise forget, and its level with it).
java.util.logging.Logger tribuoLogger = java.util.logging.Logger.getLogger("org.tribuo");
tribuoLogger.setLevel(java.util.logging.Level.WARNING);
