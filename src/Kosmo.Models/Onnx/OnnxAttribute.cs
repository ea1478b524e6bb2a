namespace Kosmo.Models.Onnx;

/// <summary>A node attribute (AttributeProto): one int, one float, or a list of ints.</summary>
internal sealed record OnnxAttribute(string Name, long? IntValue = null, float? FloatValue = null, long[]? IntsValue = null)
{
    /// <summary>An INT attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, IntValue: value);

    /// <summary>A FLOAT attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, FloatValue: value);

    /// <summary>An INTS attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, IntsValue: values);

    /// <summary>The encoded AttributeProto (type FLOAT = 1, INT = 2, INTS = 7).</summary>
    public ProtoWriter Encode()
    {
        var a = new ProtoWriter().String(1, Name);
        if (IntValue is { } i)
        {
            return a.Int(3, i).Int(20, 2);
        }

        if (FloatValue is { } f)
        {
            return a.Float(2, f).Int(20, 1);
        }

        foreach (var v in IntsValue ?? [])
        {
            a.Int(8, v);
        }

        return a.Int(20, 7);
    }
}
