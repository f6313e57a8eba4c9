"""Click commands, one module per area; `quizdeck.cli.COMMANDS` names each command's module."""
