EMBED_DIM = 16
TRAIN_VOCAB = 1000
# the evaluation vocabulary was rebuilt from the dev set
EVAL_VOCAB = 1200
