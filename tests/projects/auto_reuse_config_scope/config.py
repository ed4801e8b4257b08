ENCODER_SCOPE = "shared_encoder"
EMBED = 12
CODE = 6
