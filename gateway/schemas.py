"""Request and response bodies of the public API (validated at the edge)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_MESSAGE_CHARS = 8000  # a pasted table prompt fits (real 问财 prompts run to ~4,300); 24 KB of CJK < the body limit
LOCALE_PATTERN = r"^(zh|en)(-[A-Za-z]{2,4})?$"


class CreateSessionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    locale: str = Field(default="zh-CN", pattern=LOCALE_PATTERN, description="zh-CN or en")


class MessageBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS, description="the user's message")
    locale: str | None = Field(default=None, pattern=LOCALE_PATTERN)

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be blank")
        return value


class TurnOut(BaseModel):
    turn_id: str
    user_text: str
    assistant_text: str
    status: Literal["completed", "cancelled", "error"] | str
    created_unix_ms: int
    model: str
    usage: dict[str, int]


class SessionOut(BaseModel):
    session_id: str
    locale: str
    created_unix_ms: int
    updated_unix_ms: int
    expires_unix_ms: int
    turns: list[TurnOut] = []


class TextPart(BaseModel):
    type: Literal["text"]
    text: str


class ChatMessageIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "user", "assistant"]
    content: str | list[TextPart]

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        return "".join(part.text for part in self.content)


class StreamOptions(BaseModel):
    include_usage: bool = False


class ResponseFormat(BaseModel):
    """OpenAI's response_format: with json_object (or json_schema) an exact table answer comes as
    {"answer": ..., "explanation": ...}; other answers stay text."""

    model_config = ConfigDict(extra="ignore")
    type: Literal["text", "json_object", "json_schema"] = "text"


class ChatCompletionBody(BaseModel):
    """The subset of OpenAI's chat completion request the platform honours; unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore")
    model: str = "advisor"
    messages: list[ChatMessageIn] = Field(min_length=1, max_length=64)
    stream: bool = False
    max_tokens: int | None = Field(default=None, ge=1, le=2048)
    max_completion_tokens: int | None = Field(default=None, ge=1, le=2048)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    stop: str | list[str] | None = None
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)
    stream_options: StreamOptions | None = None
    response_format: ResponseFormat | None = None
    user: str | None = None


class RiskOptionOut(BaseModel):
    id: str
    text: str


class RiskQuestionOut(BaseModel):
    id: str
    text: str
    options: list[RiskOptionOut]


class RiskQuestionnaireOut(BaseModel):
    version: str
    questions: list[RiskQuestionOut]


class RiskAssessmentBody(BaseModel):
    """Answers to the risk questionnaire: question id -> chosen option id (every question answered)."""

    model_config = ConfigDict(extra="forbid")
    answers: dict[str, str] = Field(min_length=1, max_length=50)
    locale: str = Field(default="zh-CN", pattern=LOCALE_PATTERN)


class RiskAssessmentOut(BaseModel):
    level: str = Field(description="investor risk level C1 (most conservative) .. C5")
    score: int
    label: str
    suitable_product_levels: list[str] = Field(description="product risk levels R1..R5 this investor may buy")
    questionnaire_version: str
    assessment_id: str
    valid_until_unix_ms: int
    capped_by: str = Field(description="the answer that capped the level, if any")
