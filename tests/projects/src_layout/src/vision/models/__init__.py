from .resnet import resnet_tiny
