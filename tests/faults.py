"""A fault of ours to inject into a pipeline step: it fails on any text holding TRIGGER."""

TRIGGER = "Faultday"


def failing_on_trigger(step):
    """`step`, raising KeyError (as a bug of ours would) when its input's text holds TRIGGER."""

    def failing(given, *args, **kwargs):
        if TRIGGER in (getattr(given, "text", given) or ""):  # a page's text, or a parsed Doc's
            raise KeyError("a fault of ours")
        return step(given, *args, **kwargs)

    return failing
