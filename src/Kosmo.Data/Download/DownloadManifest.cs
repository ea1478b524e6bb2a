using System.Text.Json;
using System.Text.Json.Serialization;
using Kosmo.Core.IO;

namespace Kosmo.Data.Download;

/// <summary>
/// The small sidecar file (<c>download-manifest.json</c> in the download folder) that remembers, per file name, the
/// URL, ETag, Last-Modified and size of each completed download, and the validators of each unfinished
/// <c>.part</c> file (for <c>If-Range</c> when resuming). Saved with a temporary file and a rename after every change,
/// so a crash leaves the previous manifest or the new one, never half of one.
/// </summary>
public sealed class DownloadManifest
{
    /// <summary>The manifest's file name inside the download folder.</summary>
    public const string FileName = "download-manifest.json";

    private static readonly JsonSerializerOptions _json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private readonly string _path;

    private DownloadManifest(string path, Contents contents)
    {
        _path = path;
        Files = contents.Files;
        Partial = contents.Partial;
    }

    /// <summary>Completed files by file name.</summary>
    public SortedDictionary<string, ManifestEntry> Files { get; }

    /// <summary>Validators of unfinished <c>.part</c> downloads, by the final file name.</summary>
    public SortedDictionary<string, ManifestEntry> Partial { get; }

    /// <summary>Reads the manifest in <paramref name="dir"/>, or starts an empty one when there is none.</summary>
    /// <exception cref="DownloadException">The manifest exists but is not valid JSON (the message says to delete it).</exception>
    public static DownloadManifest Load(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path))
        {
            return new DownloadManifest(path, new Contents());
        }

        try
        {
            var contents = JsonSerializer.Deserialize<Contents>(File.ReadAllText(path), _json) ?? new Contents();
            return new DownloadManifest(path, contents);
        }
        catch (JsonException e)
        {
            throw new DownloadException($"{path}: the download manifest is damaged ({e.Message}); delete it and the next download re-checks every file", e);
        }
    }

    /// <summary>Writes the manifest (temporary file, then rename).</summary>
    public void Save()
    {
        AtomicFile.WriteAllText(_path, JsonSerializer.Serialize(new Contents { Files = Files, Partial = Partial }, _json));
    }

    private sealed class Contents
    {
        public SortedDictionary<string, ManifestEntry> Files { get; init; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, ManifestEntry> Partial { get; init; } = new(StringComparer.Ordinal);
    }
}
