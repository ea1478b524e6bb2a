using System.Buffers.Binary;
using System.Globalization;

namespace Kosmo.Models.Onnx;

/// <summary>
/// A small builder of an ONNX model (onnx.proto, IR version 8, default-domain opset <see cref="Opset"/>): float and
/// int64 initializers, nodes with int, float and ints attributes, graph inputs and outputs with fixed or symbolic
/// dimensions, and string metadata; <see cref="ToBytes"/> serialises the ModelProto with <see cref="ProtoWriter"/>.
/// Node outputs get unique generated names unless named.
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>The operator set version every node is written against (LayerNormalization needs 17).</summary>
    public const int Opset = 17;

    /// <summary>ONNX element type FLOAT.</summary>
    public const int Float32 = 1;

    /// <summary>ONNX element type INT64.</summary>
    public const int Int64 = 7;

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Creates an empty graph.</summary>
    public OnnxGraph(string name) => Name = name;

    /// <summary>The graph's name.</summary>
    public string Name { get; }

    /// <summary>Number of nodes so far.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>A float initializer (row-major data). Returns its name.</summary>
    /// <exception cref="ArgumentException">The data length differs from the product of the dimensions, or the name is taken.</exception>
    public string Init(string name, float[] data, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        return AddInitializer(name, Float32, Raw(data, dims, 4, BinaryPrimitives.WriteSingleLittleEndian), dims);
    }

    /// <summary>An int64 initializer. Returns its name.</summary>
    public string InitInt64(string name, long[] data, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        return AddInitializer(name, Int64, Raw(data, dims, 8, BinaryPrimitives.WriteInt64LittleEndian), dims);
    }

    /// <summary>A float scalar constant (rank 0).</summary>
    public string Scalar(float value) => Init(Fresh("const"), [value]);

    /// <summary>An int64 vector constant (e.g. axes or a shape).</summary>
    public string Ints(params long[] values) => InitInt64(Fresh("ints"), values, values.Length);

    /// <summary>A node with one output. Returns the output's name.</summary>
    /// <param name="op">The operator (default domain).</param>
    /// <param name="inputs">Input names ("" for an omitted optional input).</param>
    /// <param name="attributes">Attributes.</param>
    /// <param name="output">The output's name, or null for a generated one.</param>
    public string Node(string op, string[] inputs, OnnxAttribute[]? attributes = null, string? output = null) =>
        Nodes(op, inputs, 1, attributes, output is null ? null : [output])[0];

    /// <summary>A node with <paramref name="outputCount"/> outputs. Returns their names.</summary>
    public string[] Nodes(string op, string[] inputs, int outputCount, OnnxAttribute[]? attributes = null, string[]? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        outputs ??= [.. Enumerable.Range(0, outputCount).Select(_ => Fresh(op.ToLowerInvariant()))];
        var node = new ProtoWriter();
        foreach (var i in inputs)
        {
            node.String(1, i);
        }

        foreach (var o in outputs)
        {
            _names.Add(o);
            node.String(2, o);
        }

        node.String(3, $"{op}_{_nodes.Count}").String(4, op);
        foreach (var a in attributes ?? [])
        {
            node.Message(5, a.Encode());
        }

        _nodes.Add(node);
        return outputs;
    }

    /// <summary>Declares a graph input. Dimensions: a <see cref="long"/> fixes the size, a <see cref="string"/> names a symbolic one.</summary>
    public string Input(string name, int elementType, string doc, params object[] dims)
    {
        _names.Add(name);
        _inputs.Add(ValueInfo(name, elementType, doc, dims));
        return name;
    }

    /// <summary>Declares a graph output (an existing value's name).</summary>
    public void Output(string name, int elementType, string doc, params object[] dims) => _outputs.Add(ValueInfo(name, elementType, doc, dims));

    /// <summary>A name not used yet, from a prefix (reserved when a node output or initializer takes it).</summary>
    public string Fresh(string prefix)
    {
        string name;
        do
        {
            name = $"{prefix}_{_counter++}";
        }
        while (_names.Contains(name));

        return name;
    }

    /// <summary>The serialised ModelProto.</summary>
    /// <param name="producerVersion">Written as producer_version.</param>
    /// <param name="doc">The model's doc_string.</param>
    /// <param name="metadata">metadata_props (key → value), in the given order.</param>
    public byte[] ToBytes(string producerVersion, string doc, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var graph = new ProtoWriter();
        foreach (var n in _nodes)
        {
            graph.Message(1, n);
        }

        graph.String(2, Name);
        foreach (var i in _initializers)
        {
            graph.Message(5, i);
        }

        foreach (var i in _inputs)
        {
            graph.Message(11, i);
        }

        foreach (var o in _outputs)
        {
            graph.Message(12, o);
        }

        var model = new ProtoWriter().Int(1, 8).String(2, "kosmo").String(3, producerVersion).String(4, "kosmo").Int(5, 1).String(6, doc).Message(7, graph);
        model.Message(8, new ProtoWriter().String(1, "").Int(2, Opset));
        foreach (var (key, value) in metadata)
        {
            model.Message(14, new ProtoWriter().String(1, key).String(2, value));
        }

        return model.ToArray();
    }

    private string AddInitializer(string name, int type, byte[] raw, long[] dims)
    {
        if (!_names.Add(name))
        {
            throw new ArgumentException($"ONNX graph: the name '{name}' is taken.", nameof(name));
        }

        var t = new ProtoWriter();
        foreach (var d in dims)
        {
            t.Int(1, d);
        }

        t.Int(2, type).String(8, name).Bytes(9, raw);
        _initializers.Add(t);
        return name;
    }

    // An initializer's raw_data: each value little-endian in `width` bytes, after checking the length against the dimensions.
    private static byte[] Raw<T>(T[] data, long[] dims, int width, System.Buffers.SpanAction<byte, T> write)
    {
        Check(data.Length, dims);
        var raw = new byte[data.Length * width];
        for (var k = 0; k < data.Length; k++)
        {
            write(raw.AsSpan(k * width), data[k]);
        }

        return raw;
    }

    private static void Check(int length, long[] dims)
    {
        var size = dims.Aggregate(1L, (a, b) => a * b);
        if (size != length)
        {
            throw new ArgumentException($"ONNX initializer: {length} values for dimensions ({string.Join(", ", dims)}).");
        }
    }

    private static ProtoWriter ValueInfo(string name, int elementType, string doc, object[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var d in dims)
        {
            var dim = d switch
            {
                string p => new ProtoWriter().String(2, p),
                _ => new ProtoWriter().Int(1, Convert.ToInt64(d, CultureInfo.InvariantCulture)),
            };
            shape.Message(1, dim);
        }

        var tensor = new ProtoWriter().Int(1, elementType).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensor)).String(3, doc);
    }
}
