// The last step of `npm run build`: the bundled YAML data as JSON, for a faster start (see util/data-cache).
import { writeDataCache } from '../util/data-cache.ts';

writeDataCache();
