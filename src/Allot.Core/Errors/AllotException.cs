namespace Allot.Core.Errors;

/// <summary>Carries an <see cref="AllotError"/> across layers that cannot return it as a value.</summary>
public sealed class AllotException : Exception
{
    /// <summary>Wraps <paramref name="error"/>.</summary>
    public AllotException(AllotError error, Exception? inner = null)
        : base(error.ToString(), inner)
    {
        Error = error;
    }

    /// <summary>The failure.</summary>
    public AllotError Error { get; }

    /// <summary>Shorthand for the error's stable code.</summary>
    public string Code => Error.Code;
}
