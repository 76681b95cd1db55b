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
