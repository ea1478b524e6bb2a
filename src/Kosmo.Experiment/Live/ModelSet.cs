using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kosmo.Core;
using Kosmo.Core.IO;

namespace Kosmo.Experiment.Live;

/// <summary>One model of a <see cref="ModelSet"/>: its kind, weight file (relative to the set), checksum and fit facts.</summary>
/// <param name="Name">The run's model name (tft_lite, logistic, lightgbm, ...).</param>
/// <param name="Kind">window (TFT-Lite, LSTM, ...), lightgbm, logistic or momentum_rule.</param>
/// <param name="File">The weight file, relative to the set folder.</param>
/// <param name="Sha256">SHA-256 of the file (hex).</param>
/// <param name="Detail">What the fit chose (best epoch, best round, Newton iterations).</param>
internal sealed record ModelSetEntry(string Name, string Kind, string File, string Sha256, string Detail);

/// <summary>
/// A versioned set of models refitted on all labelled data up to a date by <c>kosmo fit</c>, in
/// <c>RUN/models/ID/</c>: <c>manifest.json</c> (config hash, data range, sample counts, feature list, class order,
/// every model's file and SHA-256), the <see cref="RunProcessors"/> the features used, and one sub-folder per model.
/// <c>RUN/models/current</c> names the set <c>kosmo predict</c> uses; it is written last, so a failed fit leaves the
/// previous set current.
/// </summary>
internal sealed record ModelSet(string Id, string Dir, string ConfigHash, DateOnly DataFirst, DateOnly DataLast, DateOnly Until,
    DateOnly LabelsEnd, int TrainSamples, int ValidationSamples, string[] FeatureNames, IReadOnlyList<ModelSetEntry> Models)
{
    /// <summary>Class order of every probability vector.</summary>
    public static readonly string[] ClassOrder = ["down", "flat", "up"];

    /// <summary>The folder of the run's model sets.</summary>
    public static string Root(string runDir) => RunLayout.Models(runDir);

    /// <summary>The current set of a run, or null when <c>kosmo fit</c> has not run.</summary>
    /// <exception cref="DataValidationException">The pointer or the manifest is unreadable.</exception>
    public static ModelSet? Current(string runDir)
    {
        var pointer = RunLayout.CurrentModelSet(runDir);
        if (!System.IO.File.Exists(pointer))
        {
            return null;
        }

        var id = System.IO.File.ReadAllText(pointer).Trim();
        var dir = RunLayout.ModelSet(runDir, id);
        var manifest = RunLayout.Manifest(dir);
        if (!System.IO.File.Exists(manifest))
        {
            throw new DataValidationException(pointer, 1, "current", $"names model set '{id}' but {manifest} does not exist");
        }

        return Read(manifest);
    }

    /// <summary>The entry of a model, or null.</summary>
    public ModelSetEntry? Find(string name) => Models.FirstOrDefault(m => m.Name == name);

    /// <summary>The absolute path of a model's file after checking its SHA-256.</summary>
    /// <exception cref="DataValidationException">The file is missing or its checksum differs from the manifest.</exception>
    public string Verified(ModelSetEntry entry)
    {
        var path = Path.Combine(Dir, entry.File);
        if (!System.IO.File.Exists(path))
        {
            throw new DataValidationException(path, 0, entry.Name, "model file listed in the manifest is missing");
        }

        var sha = Sha256Of(path);
        return sha == entry.Sha256 ? path
            : throw new DataValidationException(path, 0, entry.Name, $"checksum {sha[..12]}… differs from the manifest's {entry.Sha256[..Math.Min(12, entry.Sha256.Length)]}…: the file was changed after 'kosmo fit'");
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Writes manifest.json into <see cref="Dir"/> (temp file + rename).</summary>
    public void Write()
    {
        var models = new JsonObject();
        foreach (var m in Models)
        {
            models[m.Name] = new JsonObject { ["kind"] = m.Kind, ["file"] = m.File, ["sha256"] = m.Sha256, ["fit"] = m.Detail };
        }

        var o = new JsonObject
        {
            ["id"] = Id,
            ["config_hash"] = ConfigHash,
            ["data_first"] = D(DataFirst),
            ["data_last"] = D(DataLast),
            ["until"] = D(Until),
            ["labels_end"] = D(LabelsEnd),
            ["train_samples"] = TrainSamples,
            ["validation_samples"] = ValidationSamples,
            ["class_order"] = new JsonArray([.. ClassOrder.Select(c => JsonValue.Create(c))]),
            ["features"] = new JsonArray([.. FeatureNames.Select(n => JsonValue.Create(n))]),
            ["processors"] = RunProcessors.FileName,
            ["models"] = models,
        };
        AtomicFile.WriteAllText(RunLayout.Manifest(Dir), o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Reads a manifest.</summary>
    /// <exception cref="DataValidationException">Not a valid manifest (the message names the file).</exception>
    public static ModelSet Read(string manifest)
    {
        try
        {
            var o = JsonNode.Parse(System.IO.File.ReadAllText(manifest))!.AsObject();
            var order = o["class_order"]!.AsArray().Select(n => (string)n!).ToArray();
            if (!order.SequenceEqual(ClassOrder))
            {
                throw new FormatException($"class order {string.Join(",", order)} (expected down,flat,up)");
            }

            var models = o["models"]!.AsObject().Select(p => new ModelSetEntry(p.Key, (string)p.Value!["kind"]!, (string)p.Value!["file"]!, (string)p.Value!["sha256"]!, (string?)p.Value!["fit"] ?? "")).ToList();
            return new ModelSet((string)o["id"]!, Path.GetDirectoryName(Path.GetFullPath(manifest))!, (string)o["config_hash"]!, P(o["data_first"]), P(o["data_last"]), P(o["until"]), P(o["labels_end"]),
                (int)o["train_samples"]!, (int)o["validation_samples"]!, [.. o["features"]!.AsArray().Select(n => (string)n!)], models);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new DataValidationException(manifest, 0, "manifest", $"not a valid model-set manifest: {e.Message}");
        }
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly P(JsonNode? n) => DateOnly.ParseExact((string)n!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
