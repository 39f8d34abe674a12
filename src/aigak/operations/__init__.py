"""Operations that span layers (extract then store, ...): what the CLI and the web app both call."""
