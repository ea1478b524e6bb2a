using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;

namespace Kosmo.Data.Download;

/// <summary>
/// The one HTTP client of the downloaders: one connection at a time, a pause between requests, retries with
/// exponential backoff (Polly) on 5xx, 408, 429 (its <c>Retry-After</c> honoured), timeouts and dropped connections.
/// Files are fetched into <c>NAME.part</c>, resumed with <c>Range</c> (206 appends, 200 starts over), checked
/// against the announced length and by <see cref="FileCheck"/>, then renamed over the local copy; a file that fails
/// the check is deleted and fetched once more. Not thread-safe: one request at a time by design.
/// </summary>
internal sealed class HttpFetcher : IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly DownloadSettings _settings;
    private readonly IDownloadProgress _progress;
    private readonly ResiliencePipeline _retry;
    private long _lastRequestEnd = -1;

    public HttpFetcher(DownloadSettings settings, IDownloadProgress progress, HttpClient? client = null)
    {
        _settings = settings;
        _progress = progress;
        _ownsClient = client is null;
        _client = client ?? new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = true,
            ConnectTimeout = settings.StallTimeout,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _retry = BuildRetry();
    }

    /// <summary>Requests made so far (every try counts), for tests and reports.</summary>
    public int Requests { get; private set; }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    /// <summary>
    /// Fetches <paramref name="url"/> into <paramref name="target"/>. With <paramref name="conditional"/> and a manifest entry
    /// carrying validators, asks "changed since?" and returns <see cref="FetchStatus.NotModified"/> on 304.
    /// </summary>
    /// <exception cref="DownloadException">Retries exhausted, a non-retryable HTTP status, or the file was damaged twice.</exception>
    public async Task<FetchResult> FetchFileAsync(Uri url, string target, DownloadManifest manifest, bool conditional, CancellationToken ct)
    {
        var name = Path.GetFileName(target);
        for (var attempt = 0; ; attempt++)
        {
            var result = await Retrying(url, token => FetchOnceAsync(url, target, manifest, conditional, token), ct).ConfigureAwait(false);
            if (result.Status != FetchStatus.Downloaded)
            {
                return result;
            }

            var part = target + ".part";
            var problem = FileCheck.Problem(part, name);
            if (problem is null)
            {
                var pending = manifest.Partial[name];
                File.Move(part, target, overwrite: true);
                manifest.Files[name] = pending with { Size = new FileInfo(target).Length, CheckedUtc = Now() };
                manifest.Partial.Remove(name);
                manifest.Save();
                return result;
            }

            File.Delete(part);
            manifest.Partial.Remove(name);
            manifest.Save();
            if (attempt > 0)
            {
                throw new DownloadException($"{name}: {problem}, again after a fresh download from {url}; the server's copy looks damaged: try again later or another --base-url. Nothing was imported from it.");
            }

            _progress.Note($"{name}: {problem}; deleted, fetching it once more");
            conditional = false;
        }
    }

    /// <summary>
    /// GETs a small text resource (an API page). Transient statuses are retried; any other non-success status, and any
    /// body that <paramref name="reject"/> refuses, throws the exception <paramref name="reject"/> returns.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <param name="headers">Extra request headers (their values are never written anywhere).</param>
    /// <param name="reject">Given the status and body, returns the exception to throw, or null to accept the body.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<string> GetStringAsync(Uri url, IReadOnlyDictionary<string, string> headers, Func<HttpStatusCode, string, Exception?> reject, CancellationToken ct) =>
        Retrying(url, async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            foreach (var (key, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(key, value);
            }

            using var response = await SendAsync(request, token).ConfigureAwait(false);
            ThrowIfTransient(response, url);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(_settings.StallTimeout);
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw new TimeoutException($"{url}: no bytes for {_settings.StallTimeout.TotalSeconds:0.#} s");
            }
            finally
            {
                _lastRequestEnd = Stopwatch.GetTimestamp();
            }

            if (reject(response.StatusCode, body) is { } error)
            {
                throw error;
            }

            return body;
        }, ct);

    private async Task<T> Retrying<T>(Uri url, Func<CancellationToken, Task<T>> action, CancellationToken ct)
    {
        try
        {
            return await _retry.ExecuteAsync(async token => await action(token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw new DownloadException($"{url}: {e.Message} (gave up after {_settings.MaxRetries + 1} tries); run the same command again later to resume", e);
        }
    }

    private async Task<FetchResult> FetchOnceAsync(Uri url, string target, DownloadManifest manifest, bool conditional, CancellationToken ct)
    {
        var name = Path.GetFileName(target);
        var part = target + ".part";
        var clock = Stopwatch.StartNew();
        manifest.Partial.TryGetValue(name, out var pending);
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        // If-Range needs a strong ETag or a Last-Modified; without one nothing proves the server still has the same file.
        var ifRange = pending?.ETag is { } tag && !tag.StartsWith("W/", StringComparison.Ordinal) ? tag : pending?.LastModified;
        if (have > 0 && ifRange is null)
        {
            File.Delete(part);
            have = 0;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
            request.Headers.TryAddWithoutValidation("If-Range", ifRange);
        }
        else if (conditional && manifest.Files.TryGetValue(name, out var known) && File.Exists(target) && new FileInfo(target).Length == known.Size)
        {
            if (known.ETag is { } etag)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            if (known.LastModified is { } modified)
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", modified);
            }
        }

        using var response = await SendAsync(request, ct).ConfigureAwait(false);
        try
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotModified when manifest.Files.TryGetValue(name, out var current) && File.Exists(target):
                    manifest.Files[name] = current with { CheckedUtc = Now() };
                    manifest.Save();
                    return new FetchResult(FetchStatus.NotModified, url, target, 0, clock.Elapsed.TotalSeconds);
                case HttpStatusCode.NotFound or HttpStatusCode.Gone:
                    return new FetchResult(FetchStatus.NotFound, url, target, 0, clock.Elapsed.TotalSeconds);
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    File.Delete(part);
                    throw new TransientHttpException(416, $"{name}: the server refused to resume at byte {have:N0} (HTTP 416); starting over");
            }

            ThrowIfTransient(response, url);
            if (!response.IsSuccessStatusCode)
            {
                throw new DownloadException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}; the server refused the request (check --base-url)");
            }

            long? total;
            var append = false;
            if (response.StatusCode == HttpStatusCode.PartialContent && have > 0)
            {
                var range = response.Content.Headers.ContentRange;
                if (range?.From != have)
                {
                    File.Delete(part);
                    throw new TransientHttpException(206, $"{name}: the server resumed at byte {range?.From} instead of {have:N0}; starting over");
                }

                total = range.Length;
                append = true;
            }
            else
            {
                have = 0;
                total = response.Content.Headers.ContentLength;
            }

            var validators = new ManifestEntry
            {
                Url = url.ToString(),
                ETag = response.Headers.ETag?.ToString(),
                LastModified = response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture),
            };
            if (!append || pending is null)
            {
                manifest.Partial[name] = validators;
                manifest.Save();
            }

            _progress.Begin(name, total, have);
            var transferred = await CopyAsync(response, part, append, have, name, ct).ConfigureAwait(false);
            var size = have + transferred;
            if (total is { } expected && size != expected)
            {
                if (size > expected)
                {
                    File.Delete(part);
                }

                _progress.End(name, $"interrupted at {size:N0} of {expected:N0} bytes");
                throw new IOException($"{name}: the connection ended after {size:N0} of {expected:N0} bytes");
            }

            _progress.End(name, FormattableString.Invariant($"{size:N0} bytes, {Rate(transferred, clock.Elapsed.TotalSeconds)}"));
            return new FetchResult(FetchStatus.Downloaded, url, target, transferred, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            _lastRequestEnd = Stopwatch.GetTimestamp();
        }
    }

    private async Task<long> CopyAsync(HttpResponseMessage response, string part, bool append, long have, string name, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        long transferred = 0;
        try
        {
            var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var file = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    var buffer = new byte[1 << 16];
                    var lastReport = 0L;
                    while (true)
                    {
                        timeout.CancelAfter(_settings.StallTimeout);
                        var n = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                        if (n == 0)
                        {
                            break;
                        }

                        await file.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                        transferred += n;
                        if (transferred - lastReport >= 1 << 18)
                        {
                            lastReport = transferred;
                            _progress.Advance(name, have + transferred);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _progress.End(name, $"stalled at {have + transferred:N0} bytes");
            throw new TimeoutException($"{name}: no bytes for {_settings.StallTimeout.TotalSeconds:0.#} s after {have + transferred:N0} bytes");
        }
        catch (IOException)
        {
            _progress.End(name, $"interrupted at {have + transferred:N0} bytes");
            throw;
        }

        _progress.Advance(name, have + transferred);
        return transferred;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (_lastRequestEnd >= 0)
        {
            var wait = _settings.RequestDelay - Stopwatch.GetElapsedTime(_lastRequestEnd);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct).ConfigureAwait(false);
            }
        }

        request.Headers.UserAgent.ParseAdd(_settings.UserAgent);
        Requests++;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_settings.StallTimeout);
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _lastRequestEnd = Stopwatch.GetTimestamp();
            throw new TimeoutException($"{request.RequestUri}: no response for {_settings.StallTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException)
        {
            _lastRequestEnd = Stopwatch.GetTimestamp();
            throw;
        }
    }

    private static void ThrowIfTransient(HttpResponseMessage response, Uri url)
    {
        var status = (int)response.StatusCode;
        if (status is 408 or 429 || status >= 500)
        {
            TimeSpan? after = response.Headers.RetryAfter is { } ra
                ? ra.Delta ?? (ra.Date is { } date ? date - DateTimeOffset.UtcNow : null)
                : null;
            throw new TransientHttpException(status, $"{url}: HTTP {status} {response.ReasonPhrase}", after);
        }
    }

    private ResiliencePipeline BuildRetry()
    {
        if (_settings.MaxRetries <= 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken)),
            MaxRetryAttempts = _settings.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            Delay = _settings.RetryBaseDelay,
            MaxDelay = _settings.MaxRetryDelay,
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is TransientHttpException { RetryAfter: { } after }
                ? (TimeSpan?)(after < TimeSpan.Zero ? TimeSpan.Zero : after > _settings.MaxRetryAfter ? _settings.MaxRetryAfter : after)
                : null),
            OnRetry = args =>
            {
                var why = args.Outcome.Exception?.Message ?? "failed";
                _progress.Note(FormattableString.Invariant($"{why}; retry {args.AttemptNumber + 1} of {_settings.MaxRetries} in {args.RetryDelay.TotalSeconds:F1} s"));
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        TransientHttpException or TimeoutException => true,
        HttpRequestException or IOException => true,
        OperationCanceledException => !ct.IsCancellationRequested,
        _ => false,
    };

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    internal static string Rate(long bytes, double seconds) =>
        FormattableString.Invariant($"{bytes / Math.Max(seconds, 1e-6) / 1e6:F1} MB/s");
}
