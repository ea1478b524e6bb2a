using System.Buffers.Binary;
using System.Text.Json;

namespace Kosmo.Models.Tests.Golden;

/// <summary>
/// Reads a golden file written by tools/golden/tft_lite_export.py: a JSON manifest (<c>NAME.json</c>) and a
/// little-endian binary (<c>NAME.bin</c>) holding the tensors back to back, row-major.
/// Manifest: <c>{"format": "kosmo-golden-1", "config": {...}, "loss": double, "bin": "NAME.bin",
/// "tensors": [{"group", "name", "dtype": "float32"|"int32", "shape": [...], "offset": bytes, "count": n}]}</c>.
/// Groups: <c>input</c> (x_real (B,L,K), s_cat (B,S) int32, s_real (B,R), y (B) int32), <c>output</c> (logits (B,C),
/// probabilities (B,C), loss (), attention (B,L,L), temporal_weights (B,L,K), static_weights (B,S+R)),
/// <c>intermediate</c> (static_context, c_sel, c_enr, c_h, c_c (B,D); temporal_inputs (B,L,K,D); vsn_out, lstm_out,
/// phi, theta, attn_out, delta, ff_out, psi (B,L,D); static_inputs (B,S+R,D)), <c>param</c> and <c>grad</c> (every
/// <c>named_parameters()</c> entry by PyTorch name and shape), and <c>input_grad</c> (x_real, s_real).
/// </summary>
/// <example><code>
/// var g = GoldenFile.Load(TestData.Fixture("tft_lite", "tft_lite_small.json"));
/// float[] w = g.Parameter("head.weight").Values;   // (C, D) row-major, as nn.Linear stores it
/// </code></example>
internal sealed class GoldenFile
{
    private readonly Dictionary<(string Group, string Name), GoldenTensor> _tensors;

    private GoldenFile(JsonElement manifest, List<GoldenTensor> tensors, long binLength)
    {
        Manifest = manifest;
        Tensors = tensors;
        BinLength = binLength;
        _tensors = tensors.ToDictionary(t => (t.Group, t.Name));
    }

    /// <summary>The parsed manifest (config, loss, parameter_count, ...).</summary>
    public JsonElement Manifest { get; }

    /// <summary>The model and input configuration (batch, lookback, n_real, static_cardinalities, hidden, heads, ...).</summary>
    public JsonElement Config => Manifest.GetProperty("config");

    /// <summary>Mean cross-entropy loss (float64 reference).</summary>
    public double Loss => Manifest.GetProperty("loss").GetDouble();

    /// <summary>All tensors in file order.</summary>
    public IReadOnlyList<GoldenTensor> Tensors { get; }

    /// <summary>Size of the binary file in bytes.</summary>
    public long BinLength { get; }

    /// <summary>The parameters in <c>named_parameters()</c> order.</summary>
    public IEnumerable<GoldenTensor> Parameters => Tensors.Where(t => t.Group == "param");

    /// <summary>Loads the manifest and its binary.</summary>
    /// <param name="manifestPath">Path of NAME.json; the binary is read from the same folder.</param>
    /// <exception cref="InvalidDataException">Unknown format or dtype, or a tensor outside the binary.</exception>
    public static GoldenFile Load(string manifestPath)
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath)).RootElement.Clone();
        if (manifest.GetProperty("format").GetString() != "kosmo-golden-1")
        {
            throw new InvalidDataException($"{manifestPath}: unknown golden format.");
        }

        var binPath = Path.Combine(Path.GetDirectoryName(manifestPath)!, manifest.GetProperty("bin").GetString()!);
        var bytes = File.ReadAllBytes(binPath);
        var tensors = new List<GoldenTensor>();
        foreach (var t in manifest.GetProperty("tensors").EnumerateArray())
        {
            var dtype = t.GetProperty("dtype").GetString()!;
            var shape = t.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var offset = t.GetProperty("offset").GetInt64();
            var count = t.GetProperty("count").GetInt32();
            var name = t.GetProperty("name").GetString()!;
            if (offset < 0 || offset + (4L * count) > bytes.Length)
            {
                throw new InvalidDataException($"{manifestPath}: tensor {name} lies outside {binPath}.");
            }

            var span = bytes.AsSpan((int)offset, 4 * count);
            float[] values = [];
            int[] ints = [];
            switch (dtype)
            {
                case "float32":
                    values = new float[count];
                    for (var i = 0; i < count; i++)
                    {
                        values[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]);
                    }

                    break;
                case "int32":
                    ints = new int[count];
                    for (var i = 0; i < count; i++)
                    {
                        ints[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(4 * i)..]);
                    }

                    break;
                default:
                    throw new InvalidDataException($"{manifestPath}: tensor {name} has unknown dtype {dtype}.");
            }

            tensors.Add(new GoldenTensor(t.GetProperty("group").GetString()!, name, dtype, shape, values, ints));
        }

        return new GoldenFile(manifest, tensors, bytes.Length);
    }

    /// <summary>A tensor by group and name.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor.</exception>
    public GoldenTensor Get(string group, string name) =>
        _tensors.TryGetValue((group, name), out var t) ? t : throw new KeyNotFoundException($"No golden tensor {group}/{name}.");

    /// <summary>A parameter by PyTorch name, e.g. <c>static_vsn.weights_grn.fc2.weight</c>.</summary>
    public GoldenTensor Parameter(string torchName) => Get("param", torchName);

    /// <summary>The gradient of the loss with respect to a parameter (same shape).</summary>
    public GoldenTensor Gradient(string torchName) => Get("grad", torchName);

    /// <summary>An input: x_real, s_cat, s_real or y.</summary>
    public GoldenTensor Input(string name) => Get("input", name);

    /// <summary>An output: logits, probabilities, loss, attention, temporal_weights or static_weights.</summary>
    public GoldenTensor Output(string name) => Get("output", name);

    /// <summary>An intermediate activation (see the class summary for the names).</summary>
    public GoldenTensor Intermediate(string name) => Get("intermediate", name);
}
