/**
 * The server side of runs shipped from other machines ({@code docs/remote.md}).
 * <ul>
 * <li>OSGi side: {@link org.labwatch.ingest.Ingest} (the {@code org.labwatch.ingest} settings, the
 * bound stores, the token file, what requests share), {@link org.labwatch.ingest.ShippingReports}
 * (the {@code ShippingProgress} service, from the shippers' {@code Labwatch-Behind}),
 * {@link org.labwatch.ingest.IngestServlet} ({@code /api/ingest/v1/*}, a thin adapter that takes no
 * configuration) in {@link org.labwatch.ingest.IngestContext}, its own HTTP context, and the
 * {@code labwatch:token-*} commands.</li>
 * <li>A request: {@code Route} (what the raw path asks for, names checked), {@code SourceGate}
 * (requests in flight per source), {@code BodyBudget} and {@code BodyReader} (the body, without a
 * thread held, within size, memory and time), then one of {@code LogChunks}, {@code StatusCopies},
 * {@code PlotCopies}, {@code Manifest}, each writing only through the bound stores, one request per
 * file at a time ({@code FileLocks}). {@code RootStates} keeps the status versions and plot hashes
 * of each root on this server's disk, where its {@code monitoring/} directory is when the stores
 * keep files, and checks them against what the stores hold. Nothing here reads a run's files from
 * the disk: a store may keep them in a database. While a store says it is away ({@code StoreHealth}),
 * a request it fails is answered 503 with {@code Retry-After}.</li>
 * <li>Tokens: {@code TokenFile} (the file the launcher writes too), {@code TokenTable} (one reading,
 * compared in constant time), {@code KnownTokens} (read again when the file changes).</li>
 * </ul>
 *
 * <p>The servlet follows the Pax Web rules of web-console's {@code org.labwatch.web} package-info
 * (named, async-supported, no configuration of its own). Nothing in this bundle is exported.
 */
package org.labwatch.ingest;
