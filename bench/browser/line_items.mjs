// A line-item orders file in the shape of the UCI Online Retail II export, for the browser
// benchmark's --line-items case (run.mjs): one line per product, the lines of one invoice
// together except for a few split across the file, about a fifth of the lines without a customer
// (guests), cancellations as `C` invoices with negative quantities, customer ids written as
// `13085.0`, some descriptions quoted because they hold a comma or a quote. Everything is made up
// here from a seed; only the columns and the rough proportions follow the real export.
//
//   node bench/browser/line_items.mjs --out FILE [--lines N] [--seed S]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HEADER = 'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country';

// The proportions aimed at, per invoice unless said otherwise.
const SHAPE = {
  products: 4600,
  linesPerCustomer: 100,     // ~5 purchases of ~18 lines each, plus guests' share: sets the customer count
  guestInvoices: 0.2,        // with the write-offs below, ~20% of the lines
  cancellations: 0.16,       // `C` invoices of ~2 lines: ~2% of the lines
  adjustments: 0.03,         // single guest lines with a negative quantity and price 0 (stock write-offs)
  singleLine: 0.25,          // invoices of one line
  medianBasket: 19,          // lines per invoice of more than one line (log-normal)
  splitInvoices: 0.03,       // invoices whose last lines come later in the file
  splitDistance: [500, 60_000],  // how many lines later
  businessMinutesPerInvoice: 5,   // 07:00-20:00, about a year for a million lines
  abroad: 0.1,               // customers outside the United Kingdom
  commaInDescription: 0.02,  // products whose description holds a comma (quoted)
  quoteInDescription: 0.003, // products whose description holds a double quote (quoted, doubled)
};

const FIRST_INVOICE = 489434;
const FIRST_DAY = Date.UTC(2009, 11, 1);
const OPEN_MINUTES = 7 * 60;
const MINUTES_PER_DAY = 13 * 60;

const COUNTRIES = ['EIRE', 'Germany', 'France', 'Netherlands', 'Spain', 'Switzerland', 'Portugal', 'Belgium',
  'Sweden', 'Channel Islands', 'Italy', 'Australia', 'Norway', 'Denmark', 'Austria', 'Poland', 'Japan',
  'Cyprus', 'Finland', 'Greece'];
const ADJECTIVES = ['VINTAGE', 'RETRO', 'SMALL', 'LARGE', 'JUMBO', 'MINI', 'HANGING', 'GLASS', 'WOODEN', 'METAL',
  'ENAMEL', 'FELT', 'PAPER', 'CERAMIC', 'LACE', 'SPOTTY', 'STRIPED', 'FLORAL', 'HEART', 'STAR', 'CHRISTMAS',
  'EASTER', 'GARDEN', 'KITCHEN', 'PARTY', 'TRAVEL', 'SCANDINAVIAN', 'FRENCH', 'REGENCY', 'ANTIQUE'];
const COLOURS = ['RED', 'PINK', 'BLUE', 'GREEN', 'WHITE', 'IVORY', 'CREAM', 'BLACK', 'SILVER', 'GOLD', 'RED RETROSPOT',
  'PASTEL', 'LILAC', 'ORANGE', 'YELLOW', 'TURQUOISE'];
const NOUNS = ['LANTERN', 'CANDLE HOLDER', 'MUG', 'TEACUP AND SAUCER', 'CAKE STAND', 'BUNTING', 'PHOTO FRAME',
  'DOORSTOP', 'LUNCH BAG', 'JAM JAR', 'NOTEBOOK', 'WALL CLOCK', 'TEA TOWEL', 'CUSHION COVER', 'BAKING SET',
  'STORAGE TIN', 'COAT HANGER', 'GIFT WRAP', 'PARASOL', 'LIGHT GARLAND', 'HOT WATER BOTTLE', 'PICNIC BASKET',
  'TRINKET BOX', 'SHOPPING BAG', 'NAPKINS', 'PAPER CHAIN KIT', 'BIRD ORNAMENT', 'EGG CUP', 'DRAWER KNOB', 'SIGN'];
// Quantities as a wholesaler's customers order them: small counts and packs of 6, 12, 24, ...
const QUANTITIES = [[1, 22], [2, 15], [3, 8], [4, 10], [6, 12], [8, 4], [10, 5], [12, 14], [24, 6], [48, 2], [96, 1], [144, 1]];

// xorshift128 (Marsaglia, 2003), its state filled from the seed by an integer mix: the same
// seed gives the same file on every machine and node version.
function randomSource(seed) {
  let h = (seed >>> 0) ^ 0x9e3779b9;
  const mix = () => {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0 || 1;
  };
  let [x, y, z, w] = [mix(), mix(), mix(), mix()];
  const next = () => {
    const t = x ^ (x << 11);
    x = y;
    y = z;
    z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return w / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return {
    next,
    below: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    weighted: (pairs) => {
      let total = 0;
      for (const [, w] of pairs) total += w;
      let r = next() * total;
      for (const [value, w] of pairs) if ((r -= w) < 0) return value;
      return pairs[pairs.length - 1][0];
    },
  };
}

// Prices as the export writes them (Python's float repr): 2.1, 6.95, 1.0.
function priceText(cents) {
  if (cents % 100 === 0) return `${cents / 100}.0`;
  return (cents / 100).toFixed(2).replace(/0$/, '');
}

function csvField(text) {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function catalogue(rng) {
  const codes = new Set();
  const products = [];
  while (products.length < SHAPE.products) {
    let code = String(10000 + rng.below(90000));
    if (rng.chance(0.1)) code += String.fromCharCode(65 + rng.below(8));
    if (codes.has(code)) continue;
    codes.add(code);
    let description = `${rng.pick(ADJECTIVES)} ${rng.pick(COLOURS)} ${rng.pick(NOUNS)}`;
    if (rng.chance(0.3)) description = `${rng.pick(ADJECTIVES)} ${description}`;
    if (rng.chance(SHAPE.commaInDescription)) description = `SET OF ${2 + rng.below(5)}, ${description}`;
    else if (rng.chance(SHAPE.quoteInDescription)) description = `${description} ${4 + rng.below(9)}" SIZE`;
    if (rng.chance(0.01)) description = ` ${description}`;
    const cents = Math.max(10, Math.round(rng.logNormal(2.1, 0.8) * 20) * 5);
    products.push({ code, description: csvField(description), cents });
  }
  return products;
}

// Customers sorted by the time of their first purchase; a fifth of them are there from the start.
function customerBase(rng, count, spanMinutes) {
  const ids = new Set();
  const customers = [];
  while (customers.length < count) {
    const id = 12000 + rng.below(20000);
    if (ids.has(id)) continue;
    ids.add(id);
    const start = rng.chance(0.2) ? 0 : rng.next() * spanMinutes * 0.95;
    customers.push({ id: `${id}.0`, country: rng.chance(SHAPE.abroad) ? rng.pick(COUNTRIES) : 'United Kingdom', start });
  }
  return customers.sort((a, b) => a.start - b.start);
}

function timestamp(businessMinute) {
  const day = Math.floor(businessMinute / MINUTES_PER_DAY);
  const minute = OPEN_MINUTES + Math.floor(businessMinute % MINUTES_PER_DAY);
  const date = new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${date} ${hh}:${mm}:00`;
}

// Writes `lines` data lines (plus the header) to `file`; returns what it wrote.
export function writeLineItems(file, { lines = 1_000_000, seed = 1 } = {}) {
  const rng = randomSource(seed);
  const products = catalogue(rng);
  const invoicesExpected = lines / 18;
  const spanMinutes = invoicesExpected * SHAPE.businessMinutesPerInvoice;
  const customers = customerBase(rng, Math.max(50, Math.round(lines / SHAPE.linesPerCustomer)), spanMinutes);

  fs.mkdirSync(path.dirname(file), { recursive: true });
  const part = `${file}.part`;
  const fd = fs.openSync(part, 'w');
  let buffer = [HEADER];
  let bytes = 0;
  const flush = () => {
    const text = buffer.join('\n') + '\n';
    bytes += Buffer.byteLength(text);
    fs.writeSync(fd, text);
    buffer = [];
  };

  // Lines held back to appear later: [release at line count, text], in release order.
  const held = [];
  let emitted = 0;
  const emit = (text) => {
    buffer.push(text);
    emitted++;
    while (held.length && held[0][0] <= emitted) {
      buffer.push(held.shift()[1]);
      emitted++;
    }
    if (buffer.length >= 20_000) flush();
  };
  const hold = (release, text) => {
    let i = held.length;
    while (i > 0 && held[i - 1][0] > release) i--;
    held.splice(i, 0, [release, text]);
  };

  const counts = { invoices: 0, cancellations: 0, guest_lines: 0, split_invoices: 0 };
  let generated = 0;
  let minute = 0;
  let eligible = 0;  // customers whose first purchase time has come
  for (let number = FIRST_INVOICE; generated < lines; number++) {
    minute += -Math.log(1 - rng.next()) * SHAPE.businessMinutesPerInvoice;
    while (eligible < customers.length && customers[eligible].start <= minute) eligible++;
    const when = timestamp(minute);
    const kind = rng.chance(SHAPE.adjustments) ? 'adjustment' : rng.chance(SHAPE.cancellations) ? 'cancellation' : 'sale';
    const guest = kind === 'adjustment' || eligible === 0 || rng.chance(SHAPE.guestInvoices);
    // Customers who came early buy more often (an index skewed towards the front).
    const customer = guest ? null : customers[Math.floor(eligible * rng.next() ** 1.6)];
    const invoice = kind === 'cancellation' ? `C${number}` : String(number);
    let size = kind === 'adjustment' ? 1
      : kind === 'cancellation' ? 1 + Math.floor(-Math.log(1 - rng.next()) * 1.5)
      : rng.chance(SHAPE.singleLine) ? 1
      : Math.min(600, Math.max(2, Math.round(rng.logNormal(SHAPE.medianBasket, 0.9))));
    size = Math.min(size, lines - generated);
    const splitAt = size >= 4 && rng.chance(SHAPE.splitInvoices) ? size - 1 - rng.below(Math.floor(size / 2)) : size;
    const release = emitted + SHAPE.splitDistance[0] + rng.below(SHAPE.splitDistance[1] - SHAPE.splitDistance[0]);
    for (let i = 0; i < size; i++) {
      const product = rng.pick(products);
      let quantity;
      let cents = product.cents;
      let description = product.description;
      if (kind === 'adjustment') {
        quantity = -rng.pick([1, 2, 3, 6, 12, 24, 48, 96, 240]);
        cents = 0;
        description = rng.chance(0.5) ? '' : rng.pick(['damaged', 'wet', 'missing', 'adjustment']);
      } else {
        quantity = rng.weighted(QUANTITIES) * (kind === 'cancellation' ? -1 : 1);
        if (quantity >= 12 && rng.chance(0.4)) cents = Math.max(5, Math.round(cents * 0.85 / 5) * 5);  // a bulk price
      }
      const country = customer ? customer.country : 'United Kingdom';
      const text = `${invoice},${product.code},${description},${quantity},${when},${priceText(cents)},${customer ? customer.id : ''},${csvField(country)}`;
      if (i >= splitAt) hold(release, text);
      else emit(text);
    }
    generated += size;
    counts.invoices++;
    if (kind === 'cancellation') counts.cancellations++;
    if (!customer) counts.guest_lines += size;
    if (splitAt < size) counts.split_invoices++;
  }
  while (held.length) {
    buffer.push(held.shift()[1]);
    emitted++;
  }
  flush();
  fs.closeSync(fd);
  fs.renameSync(part, file);
  return { file, lines: emitted, bytes, seed, ...counts };
}

// The command line that makes `out`, with a digest of this generator's source: a file made by an
// older version of this script is made again.
export function lineItemsRecipe(out, { lines, seed }) {
  const source = fs.readFileSync(fileURLToPath(import.meta.url));
  const digest = crypto.createHash('sha256').update(source).digest('hex').slice(0, 12);
  return `node bench/browser/line_items.mjs --out ${out} --lines ${lines} --seed ${seed}  # generator ${digest}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = { out: null, lines: 1_000_000, seed: 1 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') options.out = path.resolve(argv[++i]);
    else if (argv[i] === '--lines') options.lines = Number.parseInt(argv[++i], 10);
    else if (argv[i] === '--seed') options.seed = Number.parseInt(argv[++i], 10);
    else throw new Error(`unknown option ${argv[i]} (see the top of line_items.mjs)`);
  }
  if (!options.out) throw new Error('--out FILE is required');
  if (!Number.isSafeInteger(options.lines) || options.lines <= 0) throw new Error('--lines wants a positive count');
  console.log(JSON.stringify(writeLineItems(options.out, options)));
}
