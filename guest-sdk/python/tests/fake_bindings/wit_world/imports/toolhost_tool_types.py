"""The contract's data types, as componentize-py generates them (without
their doc comments, which are in ``wit/v0.2/tool.wit``)."""

from dataclasses import dataclass
from enum import Enum
from typing import List, Optional, Tuple, Union


@dataclass
class Annotations:
    title: Optional[str]
    read_only_hint: Optional[bool]
    destructive_hint: Optional[bool]
    idempotent_hint: Optional[bool]
    open_world_hint: Optional[bool]


@dataclass
class ToolDescriptor:
    name: str
    title: Optional[str]
    description: Optional[str]
    input_schema: str
    output_schema: Optional[str]
    annotations: Optional[Annotations]


class Role(Enum):
    USER = 0
    ASSISTANT = 1


@dataclass
class ContentAnnotations:
    audience: Optional[List[Role]]
    priority: Optional[float]
    last_modified: Optional[str]


@dataclass
class TextContent:
    text: str
    annotations: Optional[ContentAnnotations]


@dataclass
class MediaContent:
    data: bytes
    mime_type: str
    annotations: Optional[ContentAnnotations]


@dataclass
class ResourceLink:
    uri: str
    name: str
    title: Optional[str]
    description: Optional[str]
    mime_type: Optional[str]
    size: Optional[int]
    annotations: Optional[ContentAnnotations]


@dataclass
class ResourceBody_Text:
    value: str


@dataclass
class ResourceBody_Blob:
    value: bytes


ResourceBody = Union[ResourceBody_Text, ResourceBody_Blob]


@dataclass
class ResourceContents:
    uri: str
    mime_type: Optional[str]
    body: ResourceBody


@dataclass
class EmbeddedResource:
    contents: ResourceContents
    annotations: Optional[ContentAnnotations]


@dataclass
class Content_Text:
    value: TextContent


@dataclass
class Content_Image:
    value: MediaContent


@dataclass
class Content_Audio:
    value: MediaContent


@dataclass
class Content_ResourceLink:
    value: ResourceLink


@dataclass
class Content_Resource:
    value: EmbeddedResource


Content = Union[Content_Text, Content_Image, Content_Audio, Content_ResourceLink, Content_Resource]


@dataclass
class ToolOutput:
    content: List[Content]
    structured: Optional[str]


@dataclass
class UpstreamError:
    status: Optional[int]
    retry_after_secs: Optional[int]
    message: str


@dataclass
class ToolError_InvalidInput:
    value: str


@dataclass
class ToolError_Upstream:
    value: UpstreamError


@dataclass
class ToolError_Other:
    value: str


ToolError = Union[ToolError_InvalidInput, ToolError_Upstream, ToolError_Other]


@dataclass
class InputRequest_Elicitation:
    value: str


@dataclass
class InputRequest_Sampling:
    value: str


@dataclass
class InputRequest_Roots:
    pass


InputRequest = Union[InputRequest_Elicitation, InputRequest_Sampling, InputRequest_Roots]


@dataclass
class KeyedRequest:
    key: str
    request: InputRequest


@dataclass
class InputRequired:
    requests: List[KeyedRequest]
    state: Optional[bytes]


@dataclass
class InputResponse:
    key: str
    answer: str


@dataclass
class ClientCapabilities:
    elicitation: bool
    sampling: bool
    roots: bool


@dataclass
class CallContext:
    responses: List[InputResponse]
    state: Optional[bytes]
    client: ClientCapabilities


@dataclass
class ToolOutcome_Done:
    value: ToolOutput


@dataclass
class ToolOutcome_InputRequired:
    value: InputRequired


ToolOutcome = Union[ToolOutcome_Done, ToolOutcome_InputRequired]


@dataclass
class ResourceDescriptor:
    uri: str
    name: str
    title: Optional[str]
    description: Optional[str]
    mime_type: Optional[str]
    size: Optional[int]
    annotations: Optional[ContentAnnotations]


@dataclass
class ResourceTemplate:
    uri_template: str
    name: str
    title: Optional[str]
    description: Optional[str]
    mime_type: Optional[str]
    annotations: Optional[ContentAnnotations]


@dataclass
class ResourceError_NotFound:
    pass


@dataclass
class ResourceError_Failed:
    value: ToolError


ResourceError = Union[ResourceError_NotFound, ResourceError_Failed]


@dataclass
class ReadOutcome_Done:
    value: List[ResourceContents]


@dataclass
class ReadOutcome_InputRequired:
    value: InputRequired


ReadOutcome = Union[ReadOutcome_Done, ReadOutcome_InputRequired]


@dataclass
class PromptArgument:
    name: str
    title: Optional[str]
    description: Optional[str]
    required: bool


@dataclass
class PromptDescriptor:
    name: str
    title: Optional[str]
    description: Optional[str]
    arguments: List[PromptArgument]


@dataclass
class PromptMessage:
    role: Role
    content: Content


@dataclass
class PromptResult:
    description: Optional[str]
    messages: List[PromptMessage]


@dataclass
class PromptOutcome_Done:
    value: PromptResult


@dataclass
class PromptOutcome_InputRequired:
    value: InputRequired


PromptOutcome = Union[PromptOutcome_Done, PromptOutcome_InputRequired]


@dataclass
class CompletionReference_Prompt:
    value: str


@dataclass
class CompletionReference_ResourceTemplate:
    value: str


CompletionReference = Union[CompletionReference_Prompt, CompletionReference_ResourceTemplate]


@dataclass
class CompletionRequest:
    reference: CompletionReference
    argument: str
    value: str
    context: List[Tuple[str, str]]


@dataclass
class Completion:
    values: List[str]
    total: Optional[int]


@dataclass
class Catalog:
    tools: List[ToolDescriptor]
    resources: List[ResourceDescriptor]
    resource_templates: List[ResourceTemplate]
    prompts: List[PromptDescriptor]
    completions: bool
