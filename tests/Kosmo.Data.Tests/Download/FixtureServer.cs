using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kosmo.Data.Tests.Download;

/// <summary>
/// A real HTTP server on 127.0.0.1 (random free port) for download tests: static files with ETag / Last-Modified,
/// conditional requests (304), Range (206, If-Range), JSON pages by path and query, an optional required AUTH_KEY,
/// and injected faults queued per path (a status, a dropped connection, a truncated body). Requests are recorded.
/// </summary>
public sealed class FixtureServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentDictionary<string, Served> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ServerFault>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _loop;

    public FixtureServer()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            _listener = new HttpListener();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                BaseUrl = $"http://127.0.0.1:{port}";
                break;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                _listener.Close();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The server's root URL, without a trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>When set, /svc/ pages answer 401 unless the AUTH_KEY header equals it.</summary>
    public string? RequiredAuthKey { get; set; }

    /// <summary>When false, files are served without ETag and Last-Modified.</summary>
    public bool SendValidators { get; set; } = true;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Requests whose path (and query) is <paramref name="path"/>.</summary>
    public List<RecordedRequest> RequestsTo(string path) => Requests.Where(r => r.Path == path).ToList();

    /// <summary>Serves <paramref name="bytes"/> at <paramref name="path"/> (replacing an earlier version: new ETag and Last-Modified).</summary>
    public void File(string path, byte[] bytes)
    {
        var version = _files.TryGetValue(path, out var old) ? old.Version + 1 : 1;
        _files[path] = new Served(bytes, version, $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}-{version}\"",
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(version));
    }

    /// <summary>Removes a file (it answers 404 again).</summary>
    public void Remove(string path) => _files.TryRemove(path, out _);

    /// <summary>Serves a JSON page at <paramref name="pathAndQuery"/>.</summary>
    public void Page(string pathAndQuery, string json) => _pages[pathAndQuery] = json;

    /// <summary>Queues faults for the next requests to <paramref name="path"/> (path and query for pages).</summary>
    public void Fault(string path, params ServerFault[] faults)
    {
        var queue = _faults.GetOrAdd(path, _ => new ConcurrentQueue<ServerFault>());
        foreach (var f in faults)
        {
            queue.Enqueue(f);
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the loop ends with the listener's disposal
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Url!.PathAndQuery;
        var status = 0;
        try
        {
            status = Answer(request, response, path);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            status = 0; // the client went away
        }
        finally
        {
            _requests.Enqueue(new RecordedRequest(path, request.Headers["Range"], request.Headers["If-None-Match"], request.Headers["If-Modified-Since"],
                request.Headers["AUTH_KEY"], status, DateTime.UtcNow));
        }
    }

    private int Answer(HttpListenerRequest request, HttpListenerResponse response, string path)
    {
        _files.TryGetValue(request.Url!.AbsolutePath, out var file);
        if (_faults.TryGetValue(path, out var queue) && queue.TryDequeue(out var fault))
        {
            return Inject(response, fault, file);
        }

        if (path.StartsWith("/svc/", StringComparison.Ordinal))
        {
            if (RequiredAuthKey is { } key && request.Headers["AUTH_KEY"] != key)
            {
                return Text(response, 401, "{\"respMsg\":\"Unauthorized API Call\",\"respCode\":\"401\"}");
            }

            return _pages.TryGetValue(path, out var json) ? Text(response, 200, json) : Text(response, 404, "{}");
        }

        if (file is null)
        {
            return Text(response, 404, "Not Found");
        }

        var lastModified = file.LastModified.ToString("R", CultureInfo.InvariantCulture);
        if (SendValidators)
        {
            response.Headers["ETag"] = file.ETag;
            response.Headers["Last-Modified"] = lastModified;
            if (request.Headers["If-None-Match"] is { } inm ? inm == file.ETag
                : request.Headers["If-Modified-Since"] is { } ims && DateTimeOffset.TryParse(ims, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since) && since >= file.LastModified)
            {
                response.StatusCode = 304;
                response.Close();
                return 304;
            }
        }

        var start = 0L;
        if (request.Headers["Range"] is { } range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
            && (request.Headers["If-Range"] is not { } ifRange || ifRange == file.ETag || ifRange == lastModified))
        {
            start = long.Parse(range[6..^1], CultureInfo.InvariantCulture);
            if (start >= file.Bytes.Length)
            {
                response.Headers["Content-Range"] = $"bytes */{file.Bytes.Length}";
                return Text(response, 416, "");
            }

            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {start}-{file.Bytes.Length - 1}/{file.Bytes.Length}";
        }

        response.ContentLength64 = file.Bytes.Length - start;
        response.OutputStream.Write(file.Bytes, (int)start, file.Bytes.Length - (int)start);
        response.Close();
        return start > 0 ? 206 : 200;
    }

    private static int Inject(HttpListenerResponse response, ServerFault fault, Served? file)
    {
        switch (fault.Kind)
        {
            case FaultKind.Status:
                if (fault.RetryAfterSeconds > 0)
                {
                    response.Headers["Retry-After"] = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                }

                return Text(response, fault.Status, $"injected {fault.Status}");
            case FaultKind.CloseHalfway:
            {
                var bytes = file!.Bytes;
                response.Headers["ETag"] = file.ETag;
                response.Headers["Last-Modified"] = file.LastModified.ToString("R", CultureInfo.InvariantCulture);
                response.ContentLength64 = bytes.Length;
                response.OutputStream.Write(bytes, 0, bytes.Length / 2);
                response.OutputStream.Flush();
                Thread.Sleep(50);
                response.Abort();
                return 0;
            }

            case FaultKind.Stall:
                Thread.Sleep(1500);
                response.Abort();
                return 0;
            default:
            {
                var half = file!.Bytes.AsSpan(0, file.Bytes.Length / 2).ToArray();
                response.ContentLength64 = half.Length;
                response.OutputStream.Write(half);
                response.Close();
                return 200;
            }
        }
    }

    private static int Text(HttpListenerResponse response, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = body.StartsWith('{') ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
        return status;
    }

    private sealed record Served(byte[] Bytes, int Version, string ETag, DateTimeOffset LastModified);
}
